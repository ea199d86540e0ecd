package org.skysift.pipeline;

import java.io.Serializable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Table schemas derived from row records: one column per component, snake_case names, primitives
 * non-null, boxed types and Strings nullable. Keeps the Java rows and the Parquet schema in one place.
 */
public final class RecordSchema implements Serializable {
    private static final Map<Class<?>, RecordSchema> CACHE = new ConcurrentHashMap<>();

    private final Class<? extends Record> type;
    private final StructType schema;
    private transient Method[] accessors;

    private RecordSchema(Class<? extends Record> type) {
        this.type = type;
        List<StructField> fields = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            fields.add(DataTypes.createStructField(columnName(c), sparkType(c.getType(), c.getName()),
                    !c.getType().isPrimitive()));
        }
        this.schema = DataTypes.createStructType(fields);
    }

    public static RecordSchema of(Class<? extends Record> type) {
        return CACHE.computeIfAbsent(type, t -> new RecordSchema(type));
    }

    public StructType schema() {
        return schema;
    }

    public Row toRow(Record r) {
        Method[] acc = accessors();
        Object[] values = new Object[acc.length];
        try {
            for (int i = 0; i < acc.length; i++) {
                values[i] = acc[i].invoke(r);
            }
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + type.getSimpleName(), e);
        }
        return RowFactory.create(values);
    }

    private Method[] accessors() {
        if (accessors == null) {
            RecordComponent[] cs = type.getRecordComponents();
            Method[] m = new Method[cs.length];
            for (int i = 0; i < cs.length; i++) {
                m[i] = cs[i].getAccessor();
            }
            accessors = m;
        }
        return accessors;
    }

    static String columnName(RecordComponent c) {
        Column named = c.getAnnotation(Column.class);
        if (named != null) {
            return named.value();
        }
        return snake(c.getName());
    }

    static String snake(String camel) {
        StringBuilder sb = new StringBuilder();
        for (char ch : camel.toCharArray()) {
            if (Character.isUpperCase(ch)) {
                sb.append('_').append(Character.toLowerCase(ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    private static DataType sparkType(Class<?> t, String name) {
        if (t == long.class || t == Long.class) {
            return DataTypes.LongType;
        } else if (t == int.class || t == Integer.class) {
            return DataTypes.IntegerType;
        } else if (t == double.class || t == Double.class) {
            return DataTypes.DoubleType;
        } else if (t == boolean.class || t == Boolean.class) {
            return DataTypes.BooleanType;
        } else if (t == String.class) {
            return DataTypes.StringType;
        } else if (t == Timestamp.class) {
            return DataTypes.TimestampType;
        } else if (t == double[].class) {
            return DataTypes.createArrayType(DataTypes.DoubleType, false);
        }
        throw new IllegalArgumentException("no column type for " + name + " of " + t);
    }
}
